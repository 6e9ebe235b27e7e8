extension KubernetesPodOperator {
    /// ``startupTimeout`` in seconds (Airflow's `startup_timeout_seconds`).
    @available(*, deprecated, renamed: "startupTimeout")
    public var startupTimeoutSeconds: Int {
        get { Int(startupTimeout.components.seconds) }
        set { startupTimeout = .seconds(newValue) }
    }

    /// ``logDrainTimeout`` in seconds.
    @available(*, deprecated, renamed: "logDrainTimeout")
    public var logDrainTimeoutSeconds: Int {
        get { Int(logDrainTimeout.components.seconds) }
        set { logDrainTimeout = .seconds(newValue) }
    }
}
