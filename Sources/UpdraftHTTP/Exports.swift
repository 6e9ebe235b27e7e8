// A DAG that uses SimpleHttpOperator writes `import UpdraftHTTP` and has everything it routinely needs: the core
// (`DAG`, `TaskOptions`, `JSONValue`, run records) and the transport types of this module's API (`HTTPResponse`,
// `HTTPHeaders`, `HTTPMethod`, `CurlError`), without knowing which module defines them.
@_exported import Updraft
@_exported import UpdraftCurl
