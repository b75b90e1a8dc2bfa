"""What renders files and figures from assessed data: charts and their figures, the
bulletin (通报), table exports, the upload template and the file half of exports.

Between the services (typed read model and actions) and the page layer: presenters
read services and the domain, never components, pages or the server; components and
pages read presenters."""
