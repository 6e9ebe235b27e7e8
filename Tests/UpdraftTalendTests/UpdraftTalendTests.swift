// Tests of UpdraftTalend.
