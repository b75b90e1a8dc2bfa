"""Alembic environment: runs on the connection handed in by data_access.seed.migrate,
or on DATABASE_URL when called as ``alembic upgrade head``."""

from alembic import context

from data_access.engine import make_engine
from data_access.models import Base
from settings import load_settings

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    with make_engine(load_settings().database_url, create=True).begin() as conn:
        _run(conn)
