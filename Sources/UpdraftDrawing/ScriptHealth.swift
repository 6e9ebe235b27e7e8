/// JavaScript that leaves a page's script health on `<body>`, so a headless browser's DOM dump shows it: script
/// errors counted in `data-script-errors` (the last one in `data-script-error`). A page's own script sets
/// `data-script-ready` once it has run. Shared by the run report and the web UI.
public enum ScriptHealth {
    /// The script, to run before the page's own.
    public static let javascript = """
        (function () {
          var body = document.body;
          body.setAttribute('data-script-errors', '0');
          function record(message) {
            body.setAttribute('data-script-errors', String(Number(body.getAttribute('data-script-errors')) + 1));
            body.setAttribute('data-script-error', String(message));
          }
          window.addEventListener('error', function (event) { record(event.message); });
          window.addEventListener('unhandledrejection', function (event) { record(event.reason); });
        })();

        """
}
