// Tests of UpdraftHTTP.
