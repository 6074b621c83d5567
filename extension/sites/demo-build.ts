import { siteMatches } from './hosts';

/** This build watches the local demo page too (wxt dev, or built with WXT_DEMO_HOSTS=1). */
export const DEMO_BUILD: boolean = import.meta.env.MODE === 'development' || import.meta.env.WXT_DEMO_HOSTS === '1';

/** Match patterns for the content scripts of this build. */
export const BUILD_SITE_MATCHES = siteMatches(DEMO_BUILD);
