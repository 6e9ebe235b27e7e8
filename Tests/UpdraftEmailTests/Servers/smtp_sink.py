#!/usr/bin/env python3
"""Loopback SMTP sink (aiosmtpd) for UpdraftEmail's tests.

Prints "PORT <n>" once listening. Each accepted message is written to <outdir>/<n>/: message.eml (the bytes after
DATA), summary.json (envelope, headers, bodies and attachments as Python's `email` parser decodes them) and
attachment-<i> (each attachment's decoded bytes); then "MESSAGE <dir>" is printed. Exits when stdin closes.

Recipients starting with "rejected" get 550; a recipient starting with "drop-once" makes the server drop the
connection the first time it is seen; one starting with "stall" is never answered. With --password, AUTH is required (user "updraft"). summary.json's "tls" says whether the session was encrypted.
Modes: plain | starttls (STARTTLS required before MAIL and AUTH) | implicit (TLS from the first byte).
"""
import argparse, asyncio, itertools, json, os, ssl, sys, threading
from email import policy
from email.parser import BytesParser
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

counter = itertools.count(1)
dropped = set()


class Handler:
    def __init__(self, outdir):
        self.outdir = outdir

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("rejected"):
            return "550 5.1.1 <%s>: Recipient address rejected" % address
        if address.startswith("stall"):
            await asyncio.Event().wait()  # never answers: the client's timeout must end the conversation
        if address.startswith("drop-once") and address not in dropped:
            dropped.add(address)
            print("DROPPED %s" % address, flush=True)
            server.transport.abort()
            return "421 4.4.2 closing"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        directory = os.path.join(self.outdir, str(next(counter)))
        os.makedirs(directory)
        raw = envelope.original_content
        with open(os.path.join(directory, "message.eml"), "wb") as f:
            f.write(raw)
        summary = summarize(BytesParser(policy=policy.default).parsebytes(raw), directory)
        summary.update({"mail_from": envelope.mail_from, "rcpt_tos": envelope.rcpt_tos,
                        "authenticated": bool(session.authenticated),
                        "tls": session.ssl is not None
                        or server.transport.get_extra_info("ssl_object") is not None})
        with open(os.path.join(directory, "summary.tmp"), "w") as f:
            json.dump(summary, f)
        os.rename(os.path.join(directory, "summary.tmp"), os.path.join(directory, "summary.json"))
        print("MESSAGE %s" % directory, flush=True)
        return "250 OK queued as sink-%s" % os.path.basename(directory)


def summarize(msg, directory):
    summary = {"headers": [[k, str(v)] for k, v in msg.items()], "content_type": msg.get_content_type(),
               "defects": [type(d).__name__ for d in msg.defects], "attachments": [], "parts": []}
    for part in msg.walk():
        summary["defects"] += [type(d).__name__ for d in part.defects]
        if part.is_multipart():
            summary["parts"].append(part.get_content_type())
            continue
        if part.get_content_disposition() == "attachment":
            path = os.path.join(directory, "attachment-%d" % len(summary["attachments"]))
            with open(path, "wb") as f:
                f.write(part.get_payload(decode=True))
            summary["attachments"].append({"filename": part.get_filename(), "content_type": part.get_content_type(),
                                           "content_id": part.get("Content-ID"), "path": path})
        else:
            summary[part.get_content_subtype()] = part.get_content()
            summary["charset_" + part.get_content_subtype()] = part.get_content_charset()
    return summary


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="plain", choices=["plain", "starttls", "implicit"])
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--password")
    parser.add_argument("--outdir", required=True)
    args = parser.parse_args()
    context = None
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == b"updraft" \
            and auth_data.password == (args.password or "").encode()
        return AuthResult(success=ok, handled=False)

    def factory():
        return SMTP(Handler(args.outdir), hostname="sink.test", authenticator=authenticate,
                    auth_required=args.password is not None,
                    # aiosmtpd only counts STARTTLS as TLS; with implicit TLS the whole session is encrypted.
                    auth_require_tls=args.mode == "starttls",
                    require_starttls=args.mode == "starttls",
                    tls_context=context if args.mode == "starttls" else None)

    loop = asyncio.new_event_loop()
    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=context if args.mode == "implicit" else None))
    print("PORT %d" % server.sockets[0].getsockname()[1], flush=True)
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    loop.run_forever()


if __name__ == "__main__":
    main()
