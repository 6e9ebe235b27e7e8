// UpdraftKubernetes: cluster configuration, the Kubernetes hook and KubernetesPodOperator (issue #5).
