# dom0/: the dom0 kernel (filled in with the dom0 issue).
