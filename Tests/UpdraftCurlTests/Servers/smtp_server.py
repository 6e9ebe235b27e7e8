#!/usr/bin/env python3
"""Loopback SMTP server (aiosmtpd) for UpdraftCurl's tests.

Prints "PORT <n>" once listening, then one JSON line per accepted message ({"from", "to", "data"}), and exits
when its stdin closes. Recipients starting with "rejected" get 550. The only valid login is updraft / secret.
Modes: --mode plain | starttls (STARTTLS offered; AUTH only after it) | implicit (TLS from the first byte).
"""
import argparse, asyncio, json, os, ssl, sys, threading
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("rejected"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        record = {"from": envelope.mail_from, "to": envelope.rcpt_tos,
                  "data": envelope.original_content.decode("utf-8", "replace")}
        print(json.dumps(record), flush=True)
        return "250 OK queued as updraft-test"


def authenticate(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"updraft" and auth_data.password == b"secret"
    return AuthResult(success=ok, handled=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="plain", choices=["plain", "starttls", "implicit"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    args = parser.parse_args()
    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)

    def factory():
        return SMTP(Handler(), hostname="updraft.test", authenticator=authenticate,
                    auth_require_tls=args.mode != "plain",
                    tls_context=context if args.mode == "starttls" else None)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=context if args.mode == "implicit" else None))
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
