// Tests of UpdraftKubernetes.
