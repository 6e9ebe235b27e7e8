// The executable of a DAG writes `import UpdraftCLI` (and the module defining its DAG) and has the core with it.
@_exported import Updraft
