// UpdraftEmail: SMTP settings, MIME building, the SMTP hook, EmailOperator and failure alerts (issue #6).
