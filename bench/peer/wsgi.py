"""What gunicorn serves: ``gunicorn bench.peer.wsgi:app``."""

from . import create_app

app = create_app()
