// `import UpdraftKubernetes` brings the core (`DAG`, `TaskOptions`, `JSONValue`, run records, `TaskLogLine`).
@_exported import Updraft
