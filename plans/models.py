# Kế hoạch documents and yearly targets (issue "Kế hoạch documents").
