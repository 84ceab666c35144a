import { accountsEn } from './accounts-en';
import { accountsZhCN } from './accounts-zh-cn';
import { awardsAdminEn } from './awards-admin-en';
import { awardsAdminZhCN } from './awards-admin-zh-cn';
import { awardsEn } from './awards-en';
import { awardsZhCN } from './awards-zh-cn';
import { contentReviewEn } from './content-review-en';
import { contentReviewZhCN } from './content-review-zh-cn';
import { curateEn } from './curate-en';
import { curateZhCN } from './curate-zh-cn';
import { commonEn } from './en';
import { exhibitionEn } from './exhibition-en';
import { exhibitionZhCN } from './exhibition-zh-cn';
import { formsEn } from './forms-en';
import { formsZhCN } from './forms-zh-cn';
import { interactionEn } from './interaction-en';
import { interactionZhCN } from './interaction-zh-cn';
import type { Locale } from './locale';
import { shareEn } from './share-en';
import { shareZhCN } from './share-zh-cn';
import { worksEn } from './works-en';
import { worksZhCN } from './works-zh-cn';
import { xrEn } from './xr-en';
import { xrZhCN } from './xr-zh-cn';
import { commonZhCN } from './zh-cn';

// Every i18next namespace: `common` (zh-cn.ts / en.ts) and one per feature file. Keys are flat
// ('awards.votesCount') and unique across namespaces (a test checks), so a key names its
// namespace without a prefix at the call site.

/** The zh-CN words of every namespace: the source of MessageKey. */
export const zhCNNamespaces = {
  common: commonZhCN,
  accounts: accountsZhCN,
  awards: awardsZhCN,
  'awards-admin': awardsAdminZhCN,
  'content-review': contentReviewZhCN,
  curate: curateZhCN,
  exhibition: exhibitionZhCN,
  forms: formsZhCN,
  interaction: interactionZhCN,
  share: shareZhCN,
  works: worksZhCN,
  xr: xrZhCN,
};

/** An i18next namespace. */
export type Namespace = keyof typeof zhCNNamespaces;

/** Every namespace in every language, as i18next resources (`{ [locale]: { [ns]: words } }`). */
export const resources: Readonly<Record<Locale, Readonly<Record<Namespace, Readonly<Record<string, string>>>>>> = {
  'zh-CN': zhCNNamespaces,
  en: {
    common: commonEn,
    accounts: accountsEn,
    awards: awardsEn,
    'awards-admin': awardsAdminEn,
    'content-review': contentReviewEn,
    curate: curateEn,
    exhibition: exhibitionEn,
    forms: formsEn,
    interaction: interactionEn,
    share: shareEn,
    works: worksEn,
    xr: xrEn,
  },
};

/** The namespaces, `common` first. */
export const NAMESPACES = Object.keys(zhCNNamespaces) as Namespace[];
