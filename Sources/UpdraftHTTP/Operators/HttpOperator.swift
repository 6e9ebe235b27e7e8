/// Airflow's current name for ``SimpleHttpOperator`` (the HTTP provider renamed it `HttpOperator` in 4.x and kept
/// the old name as a deprecated alias): a DAG written with either name compiles unchanged.
public typealias HttpOperator = SimpleHttpOperator
