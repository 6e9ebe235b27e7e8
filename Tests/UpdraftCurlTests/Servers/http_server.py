#!/usr/bin/env python3
"""Loopback HTTP(S) server for UpdraftCurl's tests.

Prints "PORT <n>" once listening (port 0: the kernel picks a free one), and exits when its stdin closes, so it
never outlives the test process. Routes:
  /hello                  small text body
  /bytes?n=N              N bytes of the pattern i % 251, with Content-Length (integrity checks)
  /echo                   JSON: method, raw request target, headers, body (UTF-8) and body length
  /stream?lines=0&wait=0  chunked lines forever (or `lines` of them), until the client goes away; the first
                          line only after `wait` seconds (the headers go out at once, like a quiet watch)
  /firehose               chunked 64 KiB blocks as fast as the client reads, forever
  /slow?seconds=S         waits S seconds before answering (timeout tests)
  /redirect?n=K           K hops of 302 (each with a body) ending at /hello
  /drop                   promises 100000 bytes, sends 10, closes the connection
  /status?code=C          status C with a short body
Options: --cert/--key serve TLS; --client-ca requires a client certificate signed by that CA; --alpn-probe
offers h2 in the TLS handshake, prints "ALPN <protocol the client chose>" and closes (it cannot speak h2).
"""
import argparse, json, os, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qs


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: avoid the 40 ms delayed-ACK stall

    def log_message(self, *args):
        pass

    def query(self, name, default):
        values = parse_qs(urlsplit(self.path).query).get(name)
        return type(default)(values[0]) if values else default

    def send_body(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0"))
        return self.rfile.read(length) if length else b""

    def handle_any(self):
        route = urlsplit(self.path).path
        if route == "/hello":
            self.send_body(200, b"hello")
        elif route == "/bytes":
            n = self.query("n", 0)
            pattern = bytes(i % 251 for i in range(251 * 64))
            self.send_response(200)
            self.send_header("Content-Length", str(n))
            self.end_headers()
            sent = 0
            while sent < n:
                block = pattern[: min(len(pattern), n - sent)]
                self.wfile.write(block)
                sent += len(block)
        elif route == "/echo":
            body = self.read_body()
            answer = {
                "method": self.command,
                "target": self.path,
                "headers": [[k, v] for k, v in self.headers.items()],
                "body": body.decode("utf-8", "replace"),
                "length": len(body),
            }
            self.send_body(200, json.dumps(answer).encode(), "application/json")
        elif route in ("/stream", "/firehose"):
            lines = self.query("lines", 0)
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.flush()
            time.sleep(self.query("wait", 0.0))
            block = b"x" * 65536
            i = 0
            try:
                while lines == 0 or i < lines:
                    data = block if route == "/firehose" else b"line %d\n" % i
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
                    self.wfile.flush()
                    i += 1
                    if route == "/stream":
                        time.sleep(0.005)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client went away: the only way an endless stream ends
            self.close_connection = True
        elif route == "/slow":
            time.sleep(self.query("seconds", 5.0))
            self.send_body(200, b"finally")
        elif route == "/redirect":
            n = self.query("n", 1)
            self.send_response(302)
            self.send_header("Location", "/hello" if n <= 1 else "/redirect?n=%d" % (n - 1))
            self.send_header("Content-Length", "11")
            self.end_headers()
            self.wfile.write(b"redirecting")
        elif route == "/drop":
            self.send_response(200)
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"0123456789")
            self.wfile.flush()
            self.close_connection = True
        elif route == "/status":
            self.send_body(self.query("code", 500), b"status body")
        else:
            self.send_body(404, b"no such route")

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 2048
    ssl_context = None
    alpn_probe = False

    def finish_request(self, request, client_address):
        # TLS handshakes run in the connection's own thread, so a failing client cannot stall the others.
        if self.ssl_context is not None:
            try:
                request = self.ssl_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
            if self.alpn_probe:
                print("ALPN %s" % request.selected_alpn_protocol(), flush=True)
                request.close()
                return
        self.RequestHandlerClass(request, client_address, self)

    def handle_error(self, request, client_address):
        pass  # clients that drop connections on purpose are expected here


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--client-ca")
    parser.add_argument("--alpn-probe", action="store_true")
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), Handler)
    if args.cert:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.cert, args.key)
        if args.client_ca:
            context.verify_mode = ssl.CERT_REQUIRED
            context.load_verify_locations(args.client_ca)
        if args.alpn_probe:
            context.set_alpn_protocols(["h2", "http/1.1"])
            server.alpn_probe = True
        server.ssl_context = context
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT %d" % server.server_address[1], flush=True)
    sys.stdin.read()  # returns at EOF: the test process closed our stdin or exited
    os._exit(0)


if __name__ == "__main__":
    main()
