# Tasks, responsible parties, deadlines and funding (issue "Assignments").
