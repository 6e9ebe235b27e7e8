// `import UpdraftTalend` brings the core and UpdraftHTTP (the Talend hook is built on an `HTTPHook`), so a DAG
// or its test needs no other import for Talend.
@_exported import UpdraftHTTP
