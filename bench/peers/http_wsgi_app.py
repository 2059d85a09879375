"""The hello-world WSGI app gunicorn serves in `bench/run http` (gunicorn -w 2 -k sync|gthread http_wsgi_app:app)."""


def app(environ, start_response):
    body = b"hello\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
