/* One right choice among several (radio buttons). */
ck.types.single = ck.choices(false);
