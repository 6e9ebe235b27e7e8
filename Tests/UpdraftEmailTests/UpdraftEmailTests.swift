// Tests of UpdraftEmail.
