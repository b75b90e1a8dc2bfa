"""The deployment files parse and give the app the settings production needs (no
container engine here to run them)."""

from __future__ import annotations

import os
import re
import runpy
from pathlib import Path

import yaml

from settings import load_settings

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def _env_file() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "production.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key.strip()] = value.strip()
    return pairs


def test_dep001_compose_runs_two_apps_behind_nginx_with_postgres_and_redis():
    compose = yaml.safe_load((DEPLOY / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"db", "redis", "seed", "app1", "app2", "nginx"} <= set(services)
    for app in ("app1", "app2", "seed"):
        assert services[app]["build"]["dockerfile"] == "deploy/Dockerfile"
        assert services[app]["env_file"] == "production.env"
    assert services["app1"]["depends_on"]["seed"]["condition"] == (
        "service_completed_successfully"
    )
    assert (
        "./nginx.conf:/etc/nginx/conf.d/default.conf:ro" in services["nginx"]["volumes"]
    )


def test_dep002_the_env_file_is_a_valid_production_configuration():
    settings = load_settings(_env_file())
    assert settings.is_production and settings.secret_key
    assert settings.database_url.startswith("postgresql+psycopg://")
    assert settings.secure_cookies and settings.trusted_proxies == 1
    assert not settings.public_read


def test_dep003_nginx_config_proxies_compresses_and_has_tls_placeholders():
    conf = (DEPLOY / "nginx.conf").read_text()
    body = re.sub(r"#.*", "", conf)
    assert body.count("{") == body.count("}")
    assert all(line.rstrip().endswith((";", "{", "}")) for line in body.splitlines()
               if line.strip())  # fmt: skip
    for needed in ("upstream kaohe", "server app1:8050;", "server app2:8050;",
                   "proxy_pass http://kaohe;", "gzip on;", "X-Forwarded-For",
                   "ssl_certificate ", "ssl_certificate_key ", "listen 443 ssl;"):  # fmt: skip
        assert needed in body, needed


def test_dep004_the_image_installs_the_package_with_chromium_and_fonts():
    text = (DEPLOY / "Dockerfile").read_text()
    instructions = [line.split()[0] for line in text.splitlines()
                    if line and not line.startswith((" ", "#"))]  # fmt: skip
    assert instructions[0] == "FROM" and instructions[-1] == "CMD"
    assert "chromium" in text and "fonts-noto-cjk" in text
    assert 'pip install --no-cache-dir "/srv/kaohe/src[postgres]"' in text
    assert '"app:server"' in text and "BIND=0.0.0.0:8050" in text


def test_dep005_gunicorn_binds_where_bind_says(monkeypatch):
    config = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
    monkeypatch.setitem(os.environ, "BIND", "0.0.0.0:8050")
    assert runpy.run_path(str(config))["bind"] == "0.0.0.0:8050"
    monkeypatch.delitem(os.environ, "BIND")
    monkeypatch.setitem(os.environ, "PORT", "9001")
    assert runpy.run_path(str(config))["bind"] == "127.0.0.1:9001"


def test_dep010_the_delivery_job_is_scheduled_and_its_command_exists(dash_app):
    """The systemd timer runs the service daily; the service and the cron line run
    the app's ``deliver run`` command, which the app's CLI has."""
    import configparser

    units = {}
    for name in ("kaohe-deliver.service", "kaohe-deliver.timer"):
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.read_string((DEPLOY / name).read_text())
        units[name] = parser
    assert units["kaohe-deliver.timer"]["Timer"]["OnCalendar"] == "*-*-* 08:30:00"
    assert units["kaohe-deliver.timer"]["Install"]["WantedBy"] == "timers.target"
    service = units["kaohe-deliver.service"]["Service"]
    assert service["Type"] == "oneshot"
    assert service["ExecStart"].endswith("flask --app app:server deliver run")
    assert "deliver run" in (DEPLOY / "kaohe-deliver.cron").read_text()
    result = dash_app.server.test_cli_runner().invoke(args=["deliver", "run", "--help"])
    assert result.exit_code == 0 and "--force" in result.output
    assert "SMTP_HOST" in _env_file() and "PUBLIC_URL" in _env_file()


ARENAS_PROBE = """
import ctypes, ctypes.util, runpy, sys, tempfile, threading
if sys.argv[1] == "configured":
    runpy.run_path(sys.argv[2])
barrier = threading.Barrier(8)
held = []
def allocate():
    barrier.wait()
    held.append([bytearray(4096) for _ in range(64)])
    barrier.wait()
threads = [threading.Thread(target=allocate) for _ in range(8)]
[t.start() for t in threads]
[t.join() for t in threads]
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.fopen.restype = ctypes.c_void_p
with tempfile.NamedTemporaryFile(suffix=".xml") as out:
    stream = libc.fopen(out.name.encode(), b"w")
    libc.malloc_info(0, ctypes.c_void_p(stream))
    libc.fclose(ctypes.c_void_p(stream))
    print(open(out.name).read().count("<heap nr="))
"""


def test_dep006_gunicorn_limits_each_workers_malloc_arenas():
    """Eight threads allocating at once get eight glibc arenas (memory freed in one
    mostly stays with the process); under gunicorn.conf.py's limit they share two."""
    assert int(_malloc_probe(ARENAS_PROBE, "plain", "MALLOC_ARENA_MAX")) >= 4
    assert int(_malloc_probe(ARENAS_PROBE, "configured", "MALLOC_ARENA_MAX")) <= 2


def _malloc_probe(probe: str, mode: str, override: str) -> str:
    """What ``probe`` prints in a fresh interpreter, after running gunicorn.conf.py
    (``mode`` "configured") or not ("plain"), without the environment variable
    ``override`` that would set the malloc parameter instead."""
    import subprocess
    import sys

    config = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
    env = {key: value for key, value in os.environ.items() if key != override}
    out = subprocess.run([sys.executable, "-c", probe, mode, str(config)],
                         env=env, capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.strip()


def test_dep007_a_worker_thread_back_from_the_database_waits_at_most_1_ms():
    """While another thread of the worker draws an answer, a thread whose read has
    returned waits for the interpreter up to the switch interval (5 ms by default, at
    each of an answer's ten or so trips to the database and Redis; under load it
    doubled the p95 of answers from the cache, docs/performance.md): gunicorn.conf.py
    sets 1 ms in the master, which its workers inherit."""
    import subprocess
    import sys

    config = Path(__file__).resolve().parents[1] / "gunicorn.conf.py"
    probe = "import runpy, sys; {}; print(sys.getswitchinterval())"

    def interval(configured: bool) -> float:
        run = f"runpy.run_path({str(config)!r})" if configured else "pass"
        out = subprocess.run([sys.executable, "-c", probe.format(run)],
                             capture_output=True, text=True, check=True)  # fmt: skip
        return float(out.stdout.strip())

    assert interval(False) == 0.005
    assert interval(True) == 0.001


MMAP_PROBE = """
import runpy, sys
if sys.argv[1] == "configured":
    runpy.run_path(sys.argv[2])
def rss():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1]) / 1024
big = bytearray(400 * 1024)  # glibc's limit rises to the largest block freed
del big
start = rss()
kept, blocks = [], []
for _ in range(300):  # a national answer's columns among objects that outlive them
    blocks.append(bytearray(300 * 1024))
    kept.append(bytearray(1000))
del blocks
print(rss() - start)
"""


def test_dep008_a_worker_returns_the_memory_of_large_arrays_it_frees():
    """Freed 300 KB blocks among small objects that outlive them stay with the
    process under glibc's default (its mapping limit rises past them); under
    gunicorn.conf.py's fixed limit each is its own mapping, returned when freed."""

    def kept_mb(mode: str) -> float:
        return float(_malloc_probe(MMAP_PROBE, mode, "MALLOC_MMAP_THRESHOLD_"))

    assert kept_mb("plain") > 60
    assert kept_mb("configured") < 10
