metadata x = {a: [1, -2.5e3, true, false, null, "s", Name]}
