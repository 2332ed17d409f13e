/**
 * How names are compared: width, case and spacing do not matter (`ＰｏｗｅｒＭｉｘ  Blender` and
 * `powermix-blender` are one name). The cities migration keys its rows the same way.
 */
export function matchKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\-'’.]/g, '');
}

/** Whether a name is distinctive enough to look for inside free text (not `cup` in `hiccup`). */
export function findableInText(key: string): boolean {
  // A CJK name of two characters says a lot; a Latin one needs a few more letters.
  return /[\u3400-\u9fff]/.test(key) ? key.length >= 2 : key.length >= 5;
}
