/* True or false: two radio buttons, graded as a single choice. */
ck.types.truefalse = ck.choices(false);
