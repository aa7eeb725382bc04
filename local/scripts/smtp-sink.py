"""A mail catcher for local runs and tests of the `smtp` email transport.

An SMTP server (aiosmtpd) keeps every message it accepts in memory; a small HTTP
server lists them as JSON, the way LocalStack lists what SES sent:

    GET    /messages   {"messages": [{"id", "mail_from", "rcpt_to", "raw"}, ...]}
    DELETE /messages   forgets them
    GET    /health     "ok"

With --cert/--key the SMTP port offers STARTTLS and --smtps-port answers TLS from
the first byte; with --user/--password it requires SMTP AUTH (also over a plain
connection, so `tls=none` can be tried with credentials on loopback).
Started by local/scripts/services.sh when EMAIL_TRANSPORT=smtp and no SMTP_URL is
given; it listens on 127.0.0.1 only.
"""

import argparse
import json
import logging
import ssl
import threading
import warnings
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

HOST = "127.0.0.1"


class Mailbox:
    """What the SMTP servers accepted, shared with the HTTP server."""

    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content or b""
        with self.lock:
            self.messages.append(
                {
                    "id": len(self.messages) + 1,
                    "mail_from": envelope.mail_from,
                    "rcpt_to": list(envelope.rcpt_tos),
                    "raw": raw.decode("utf-8", "replace"),
                }
            )
        return "250 OK: kept"

    def listing(self):
        with self.lock:
            return {"messages": list(self.messages)}

    def clear(self):
        with self.lock:
            self.messages.clear()


def authenticator(user, password):
    def check(server, session, envelope, mechanism, auth_data):
        ok = (
            isinstance(auth_data, LoginPassword)
            and auth_data.login == user.encode()
            and auth_data.password == password.encode()
        )
        return AuthResult(success=ok, handled=False)

    return check


def http_handler(mailbox):
    class Handler(BaseHTTPRequestHandler):
        def answer(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/messages":
                self.answer(200, mailbox.listing())
            elif self.path == "/health":
                self.answer(200, "ok")
            else:
                self.answer(404, {"error": "not found"})

        def do_DELETE(self):
            if self.path == "/messages":
                mailbox.clear()
                self.answer(200, {"deleted": True})
            else:
                self.answer(404, {"error": "not found"})

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smtp-port", type=int, required=True)
    parser.add_argument("--smtps-port", type=int)
    parser.add_argument("--http-port", type=int, required=True)
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    mailbox = Mailbox()
    options = {}
    # AUTH without TLS is what --user asks for on loopback; say nothing about it.
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    logging.getLogger("mail.log").setLevel(logging.ERROR)
    if args.user:
        options.update(
            authenticator=authenticator(args.user, args.password or ""),
            auth_required=True,
            auth_require_tls=False,
        )
    tls = None
    if args.cert:
        tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls.load_cert_chain(args.cert, args.key)
    controllers = [
        Controller(
            mailbox, hostname=HOST, port=args.smtp_port, tls_context=tls, **options
        )
    ]
    if args.smtps_port and tls:
        controllers.append(
            Controller(
                mailbox, hostname=HOST, port=args.smtps_port, ssl_context=tls, **options
            )
        )
    for controller in controllers:
        controller.start()
    try:
        ThreadingHTTPServer((HOST, args.http_port), http_handler(mailbox)).serve_forever()
    finally:
        for controller in controllers:
            controller.stop()


if __name__ == "__main__":
    main()
