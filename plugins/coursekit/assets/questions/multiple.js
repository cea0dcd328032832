/* Several right choices (checkboxes); `partial` gives a share of the points per right choice,
   less one per wrong one. */
ck.types.multiple = ck.choices(true);
