/** True for C0 control characters and DEL (tab too unless `allowTab`). */
function isControl(code: number, allowTab: boolean): boolean {
  return (code < 0x20 && !(allowTab && code === 0x09)) || code === 0x7f;
}

/** True when `text` holds a line break or another control character (tab allowed when `allowTab`). */
export function hasControlCharacter(text: string, allowTab = false): boolean {
  for (let i = 0; i < text.length; i++) if (isControl(text.charCodeAt(i), allowTab)) return true;
  return false;
}

/** `text` with each run of control characters replaced by one space. */
export function replaceControlCharacters(text: string): string {
  let result = '';
  let inRun = false;
  for (const char of text) {
    if (isControl(char.charCodeAt(0), false)) {
      if (!inRun) result += ' ';
      inRun = true;
    } else {
      result += char;
      inRun = false;
    }
  }
  return result;
}
