// A task's `context.logger` is a swift-log `Logger`: re-exported so a DAG can log (`context.logger.info(…)`)
// without depending on swift-log or knowing that Updraft uses it.
@_exported import Logging
