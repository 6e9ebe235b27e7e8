import Foundation
import HTTPTypes
import Hummingbird
import Updraft
import UpdraftDrawing

/// The pages' one stylesheet and one script, served from the binary (no Node toolchain, nothing fetched from
/// elsewhere); the script is a file of this site so the Content-Security-Policy can forbid inline scripts.
enum StaticAssets {
    static let stylePath = "/static/updraft.css"
    static let scriptPath = "/static/updraft.js"

    static func add(to router: Router<BasicRequestContext>) {
        router.get(RouterPath(stylePath)) { _, _ in response(style, type: "text/css; charset=utf-8") }
        router.get(RouterPath(scriptPath)) { _, _ in response(script, type: "text/javascript; charset=utf-8") }
    }

    private static func response(_ text: String, type: String) -> Response {
        var headers = HTMLPage.securityHeaders
        headers[.contentType] = type
        headers[.cacheControl] = "max-age=300"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static let style = """
        body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:0;color:#1a1a1a}
        nav.top{background:#017cee;color:#fff;padding:10px 24px;font-size:15px}nav.top a{color:#fff}
        .brand{font-weight:bold;text-decoration:none;margin-right:8px}main{padding:16px 24px}
        h1{font-size:22px;margin:8px 0 12px}h2{font-size:17px;margin:20px 0 8px}
        table.list{border-collapse:collapse;width:100%}table.list th,table.list td{text-align:left;padding:6px 8px;
        border-bottom:1px solid #e5e5e5;vertical-align:middle}table.list th{color:#555;font-weight:600}
        .sq{display:inline-block;width:14px;height:14px;margin:1px;border:1px solid #aaa;border-radius:2px;
        vertical-align:middle}
        table.grid{border-collapse:collapse}table.grid td,table.grid th{padding:0 1px;text-align:center;
        vertical-align:middle;line-height:18px}
        table.grid th.task{text-align:left;padding-right:10px;font-weight:normal;white-space:nowrap}
        table.grid th.run{height:90px;vertical-align:bottom}
        table.grid th.run a{display:inline-block;width:16px;border-radius:2px}
        .paused{color:#a15c00}.failed-count{color:#b00020;font-weight:bold}.muted{color:#777}
        .scroll{overflow-x:auto;border:1px solid #eee;padding:6px}
        .graph text,.gantt text{font-family:Helvetica,Arial,sans-serif;font-size:13px}.node{cursor:pointer}
        dl.facts{display:grid;grid-template-columns:max-content auto;gap:4px 16px}dl.facts dt{color:#555}
        dl.facts dd{margin:0;font-family:monospace;word-break:break-all}
        pre{background:#f7f7f7;padding:8px;overflow-x:auto;white-space:pre-wrap;word-break:break-word}
        pre.error,.error{color:#b00020}pre.log{max-height:60vh;overflow-y:auto}
        .level-warning{color:#a15c00}.level-error,.level-critical{color:#b00020}
        form.action{display:inline-block;margin:4px 8px 4px 0;vertical-align:top}form.action label{display:block;
        margin:0 0 6px}form.action textarea{width:420px;height:70px;
        font-family:monospace;display:block}form.action button{padding:4px 12px}
        .pager a{margin-right:12px}.legend span{margin-right:12px}
        """ + stateRules

    /// A square's colour for each state, from the palette the report uses.
    static let stateRules = (TaskInstanceState.allCases.map { ($0.rawValue, StatePalette.colour(of: $0)) }
        + [(PageText.noStatus, StatePalette.colour(of: nil))])
        .map { state, colour in "\n.sq[data-state=\"\(state)\"]{background:\(colour)}" }.joined()

    /// Health on `<body>` (errors counted in `data-script-errors`, `data-script-ready` once the script ran) so a
    /// headless browser's DOM dump shows whether the script worked; confirmation of destructive forms; graph boxes
    /// that open their task; the live log of a running try over server-sent events.
    static let script = ScriptHealth.javascript + """
        (function () {
          var body = document.body;
          document.querySelectorAll('form[data-confirm]').forEach(function (form) {
            form.addEventListener('submit', function (event) {
              if (!window.confirm(form.getAttribute('data-confirm'))) { event.preventDefault(); }
            });
          });

          document.querySelectorAll('[data-task-base]').forEach(function (container) {
            container.querySelectorAll('[data-task]').forEach(function (element) {
              element.addEventListener('click', function () {
                window.location.href = container.getAttribute('data-task-base') +
                  encodeURIComponent(element.getAttribute('data-task'));
              });
            });
          });

          document.querySelectorAll('pre[data-stream]').forEach(function (pre) {
            var source = new EventSource(pre.getAttribute('data-stream'));
            pre.setAttribute('data-log-state', 'following');
            source.onmessage = function (event) {
              var line = JSON.parse(event.data);
              var span = document.createElement('span');
              span.className = 'level-' + line.level;
              span.textContent = line.time + ' ' + line.level.toUpperCase() + ' ' + line.message + '\\n';
              pre.appendChild(span);
              pre.setAttribute('data-log-live', 'true');
              pre.scrollTop = pre.scrollHeight;
            };
            source.addEventListener('end', function (event) {
              source.close();
              pre.setAttribute('data-log-state', 'ended:' + event.data);
            });
            source.onerror = function () {
              if (source.readyState === EventSource.CLOSED) { pre.setAttribute('data-log-state', 'closed'); }
            };
          });
          body.setAttribute('data-script-ready', 'true');
        })();
        """
}
