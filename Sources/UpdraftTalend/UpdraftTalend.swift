// UpdraftTalend: the Talend Cloud hook and the Talend job operator that waits for its execution (issue #4).
