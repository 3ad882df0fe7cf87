// Types of troubleshooting.mjs, for the test that runs it.
interface Message {
  readonly text: string | readonly string[];
  readonly note?: string;
}
interface Catalogue {
  readonly TOPICS: Readonly<
    Record<
      string,
      {
        readonly title: string;
        readonly intro: string;
        readonly messages?: readonly Message[];
        readonly notes?: string;
      }
    >
  >;
  readonly CATALOGUE: Readonly<
    Record<
      string,
      {
        readonly topic: string;
        readonly status?: number;
        readonly summary: string;
        readonly fix: string;
        readonly messages?: readonly Message[];
      }
    >
  >;
}

export declare const CATALOGUE_FILE: string;
export declare const PAGE_FILE: string;
export declare function anchorOf(heading: string): string;
export declare function renderTroubleshooting(catalogue: Catalogue): string;
export declare function loadCatalogue(root?: string): Promise<Catalogue>;
