// plotly.js with the traces the app draws (bar, heatmap; scatter is in the core), in
// place of the cartesian bundle (box, violin, contour, histograms, pie, image, ternary,
// calendars): less script for every browser to compile on its first visit.
'use strict';
var Plotly = require('plotly.js/lib/core');
Plotly.register([require('plotly.js/lib/bar'), require('plotly.js/lib/heatmap')]);
module.exports = Plotly;
