// A test of a DAG writes `import Testing`, `import UpdraftTesting` and `@testable import` of its DAG's module:
// the mocks' API speaks the types of every operator module (pods, HTTP requests, Talend executions, emails) and
// the core's (run results, task states, `JSONValue`, `TaskLogLine`), so all of them come with this import.
@_exported import Updraft
@_exported import UpdraftHTTP
@_exported import UpdraftTalend
@_exported import UpdraftKubernetes
@_exported import UpdraftEmail
