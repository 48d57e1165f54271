/**
 * The language a text is negotiated in. HTML and Akoma Ntoso state it, and a right-to-left language
 * (Arabic, above all, one of the UN's six) sets the direction of every export.
 */

export const DEFAULT_LANGUAGE = 'en';

/** The languages offered in the document settings; any other well-formed BCP 47 tag is accepted too. */
export const COMMON_LANGUAGES: readonly { code: string; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'fr', name: 'French' },
  { code: 'es', name: 'Spanish' },
  { code: 'ru', name: 'Russian' },
  { code: 'ar', name: 'Arabic' },
  { code: 'zh', name: 'Chinese' },
  { code: 'vi', name: 'Vietnamese' },
  { code: 'id', name: 'Indonesian' },
  { code: 'ms', name: 'Malay' },
  { code: 'th', name: 'Thai' },
  { code: 'pt', name: 'Portuguese' },
  { code: 'de', name: 'German' },
];

const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'dv', 'yi', 'ckb', 'sd', 'ug']);

/** The canonical form of a BCP 47 tag ("EN-gb" -> "en-GB"), or null if it is not one. */
export function canonicalLanguage(tag: string): string | null {
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/.test(tag)) return null;
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? null;
  } catch {
    return null;
  }
}

/** "rtl" for Arabic, Hebrew, Persian, Urdu ... (by the primary subtag), else "ltr". */
export function directionOf(language: string): 'ltr' | 'rtl' {
  return RTL.has(language.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** ISO 639-2/B three-letter code, as Akoma Ntoso's FRBRlanguage and Expression URIs use ("eng", "ara"). */
const ISO639_2: Record<string, string> = {
  en: 'eng', fr: 'fra', es: 'spa', ru: 'rus', ar: 'ara', zh: 'zho', vi: 'vie', id: 'ind', ms: 'msa', th: 'tha',
  pt: 'por', de: 'deu', he: 'heb', fa: 'fas', ur: 'urd', ja: 'jpn', ko: 'kor', it: 'ita', nl: 'nld', tr: 'tur',
  km: 'khm', lo: 'lao', my: 'mya', tl: 'tgl', fil: 'fil',
};

export function threeLetterLanguage(language: string): string {
  const primary = language.split('-')[0]!.toLowerCase();
  return ISO639_2[primary] ?? (primary.length === 3 ? primary : 'und');
}
