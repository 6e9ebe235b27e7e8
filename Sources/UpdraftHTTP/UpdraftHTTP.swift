// UpdraftHTTP: HTTP connections, the HTTP hook, SimpleHttpOperator and HttpSensor (issue #4).
