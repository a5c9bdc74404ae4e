# guest/: the PV guest runtime (filled in with the dom0 issue).
