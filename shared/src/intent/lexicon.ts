import { NO_SUFFIX, WordTable } from './word-table.js';

/**
 * Hand-written word classes. A hashed n-gram only helps for words seen in training; a word class lets a few
 * examples speak for the whole class ("resigned" and "sacked" are both news events, "Etsy" and "Kayak" both
 * websites), which is what carries the model to phrasings and sources it was not trained on. Every class
 * becomes one feature, whichever of its words is present.
 */
export const LEXICON_WORDS: Readonly<Record<string, string>> = {
  news_event:
    'announced announce announces announcement said says signed elected resigned resign died dies killed arrested charged sued fined banned approved launched unveiled revealed reported confirmed accused appointed nominated sworn indicted convicted sentenced stepped fired sacked hired acquired acquisition merger bankrupt bankruptcy recalled recall protest protests protesters strike strikes crisis scandal outbreak pandemic covid coronavirus lockdown vaccine vaccines deal warned pledged vowed criticised criticized allegedly reportedly investigation probe landfall hurricane wildfire wildfires earthquake flood floods shooting attack passed voted ruled struck erupted crashed collapsed surged plunged jumped slumped raised hiked debuted filed settled agreed rejected blocked vetoed declared ordered issued deployed invaded seized stormed evacuated cancelled canceled postponed suspended reopened shut officials authorities lawmakers bill legislation ruling verdict referendum summit talks negotiations sanctions troops military embassy spokesperson statement headlines news police lawsuit trial jury judge court ceasefire war conflict refugees proposed abducted abduction controversy bipartisan bipartisanship rollout trialling trialled triggered',
  public_office:
    'president minister prime senator senators congress congressman parliament mp mps governor mayor chancellor secretary speaker ambassador chairman chairwoman chief ceo cfo director commissioner premier government administration cabinet officials official party republican republicans democrat democrats labour conservative tory',
  business:
    'company companies firm corporation shares stock stocks market markets investors billion million trillion revenue earnings profit profits valuation startup brand retailer airline automaker bank economy economic gdp inflation unemployment tariffs',
  weekday: 'monday tuesday wednesday thursday friday saturday sunday weekend',
  month: 'january february march april may june july august september october november december',
  recency:
    'latest newest current currently recent recently now today tonight yesterday tomorrow upcoming next new newly live trending breaking ongoing still anymore nowadays',
  sport:
    'game games match matches season seasons league cup playoffs playoff finals final tournament championship championships champion champions title titles olympics olympic medal medals goal goals points scorer scored score team teams player players coach manager quarterback pitcher batting innings wickets nba nfl mlb nhl fifa uefa ipl epl nascar f1 formula premiership superbowl',
  record:
    'record records most highest lowest fastest youngest oldest largest biggest longest richest tallest all-time ever history career leading leader leads ranked ranking rank top',
  media:
    'episode episodes series show shows movie movies film films album albums song songs single premiere premieres airing trailer sequel chart charts billboard streaming tour concert festival award awards oscar oscars grammy emmy',
  statistic: 'population percentage percent rate rates average median number total statistics census index',
  site_ui:
    'website websites site sites page pages homepage tab tabs menu button buttons click select filter filters sort sorted browse locate navigate section sections cart checkout wishlist account login profile listing listings results catalog catalogue category categories dropdown form portal app online',
  shopping:
    'price prices priced cheapest cheaper cost costs buy purchase order shipping delivery rating rated stars star reviews review customer customers size sizes color colors colour brand deal deals discount sale coupon product products item items store shop seller',
  travel:
    'hotel hotels flight flights booking book reserve reservation stay nights night check-in room rooms guests adults airport departure departing depart return round-trip one-way rental rent car train trains ticket tickets seat seats itinerary restaurant table tour cruise resort',
  website_name:
    'amazon ebay booking expedia kayak airbnb github google youtube apple coursera udemy edx arxiv wikipedia reddit linkedin twitter facebook instagram tiktok espn bbc cnn allrecipes yelp tripadvisor zillow craigslist walmart target ikea etsy spotify netflix steam uber lyft opentable resy ticketmaster indeed duolingo dictionary maps skyscanner trainline hotels.com doordash instacart wayfair bestbuy costco sephora nike zara uniqlo huggingface hugging kaggle imdb quora pinterest stackoverflow wolfram yahoo bing nytimes agoda hertz marriott hilton ryanair easyjet southwest delta united eventbrite goodreads zocdoc angi autotrader cargurus rei',
  code_language:
    'python javascript typescript java c++ c# rust golang ruby php sql bash shell zsh html css kotlin swift scala haskell perl lua regex regexp json yaml xml docker dockerfile kubernetes kubectl git npm pnpm yarn node nodejs react vue angular django flask express spring linux unix powershell',
  code_concept:
    'function functions method methods class classes variable variables array arrays list lists string strings integer integers int float dict dictionary tuple tuples object objects loop loops recursion recursive algorithm program programs script scripts code bug bugs error errors exception exceptions compile compiler test tests unit api endpoint database query queries file files directory directories folder folders path paths line lines column columns process processes port server permissions recursively output input stdin stdout return returns parameter parameters argument arguments element elements index matrix binary tree trees node nodes graph stack queue hash substring character characters digits prime nth implement implementation syntax debug refactor',
  shell_action:
    'find print list display show remove delete copy move rename create extract compress archive count replace kill mount change set append download install run execute grep chmod chown symlink',
  math: 'each per twice half remaining altogether sum fraction ratio percent profit earns earn spends spent bought sold pays paid left more fewer less times cost costs much many total average minutes hours days weeks miles km kilometers pounds dollars cents apples hour',
  question_myth:
    'happens happen true really actually myth cause causes safe dangerous healthy harmful bad scientifically proven believe superstition legend',
  writing:
    'write draft compose essay poem story letter email speech paragraph rewrite proofread summarize summarise translate describe explain imagine pretend role character tone persuasive blog outline haiku limerick sonnet toast eulogy lyrics dialogue narrative',
  advice:
    'should advice tips improve better best way recommend recommendations suggest suggestions ideas help feel learn prepare habits motivated confident',
};

export const LEXICON_CLASSES: readonly string[] = Object.keys(LEXICON_WORDS);

/**
 * The base words (in order of first appearance) and each one's classes as a bit mask, built on first lookup
 * rather than at module load: the CLI imports this module on every start, but only a process that scores a
 * query with the model needs them.
 */
interface Lexicon {
  table: WordTable;
  masks: Int32Array;
}

let lexicon: Lexicon | undefined;

function buildLexicon(): Lexicon {
  const lists = LEXICON_CLASSES.map((name) => LEXICON_WORDS[name]!.split(' '));
  const capacity = lists.reduce((total, words) => total + words.length, 0);
  const table = new WordTable(capacity);
  const masks = new Int32Array(capacity);
  lists.forEach((words, classIndex) => {
    for (const word of words) {
      let id = table.find(word, 0, word.length, NO_SUFFIX);
      if (id < 0) id = table.add(word);
      masks[id]! |= 1 << classIndex;
    }
  });
  return { table, masks };
}

/** Char codes of the letters the inflection rules look at. */
const CODE = { d: 100, e: 101, g: 103, i: 105, n: 110, s: 115, y: 121 } as const;

/**
 * The base word `text[start, end)` is a plain inflection of (-s, -es, -d, -ed, -ing, -ies for -y, -ing for
 * -e), or -1. When several bases fit ("hoped": hope+d, hop+ed), the one listed first wins: that is the rule
 * the lexicon has always had (it used to enter every inflection up front, first base first), and the trained
 * model depends on it. Inflections are resolved at lookup time because entering them up front meant ~6000
 * map entries built on every cold start, for the ~40 words a query has.
 */
function inflectionBase(table: WordTable, text: string, start: number, end: number): number {
  const last = text.charCodeAt(end - 1);
  const before = end - start >= 2 ? text.charCodeAt(end - 2) : -1;
  const third = end - start >= 3 ? text.charCodeAt(end - 3) : -1;
  let best = -1;
  if (last === CODE.s) {
    best = earlier(best, table.find(text, start, end - 1, NO_SUFFIX));
    if (before === CODE.e) {
      best = earlier(best, table.find(text, start, end - 2, NO_SUFFIX));
      if (third === CODE.i) best = earlier(best, table.find(text, start, end - 3, CODE.y));
    }
  } else if (last === CODE.d) {
    best = earlier(best, table.find(text, start, end - 1, NO_SUFFIX));
    if (before === CODE.e) best = earlier(best, table.find(text, start, end - 2, NO_SUFFIX));
  } else if (last === CODE.g && before === CODE.n && third === CODE.i) {
    best = earlier(best, table.find(text, start, end - 3, NO_SUFFIX));
    best = earlier(best, table.find(text, start, end - 3, CODE.e));
  }
  return best;
}

/** The earlier-listed of two base words (-1: none). */
function earlier(best: number, id: number): number {
  return id >= 0 && (best < 0 || id < best) ? id : best;
}

/**
 * The classes (bit `1 << classIndex`) of the lower-cased word `text[start, end)`: its own classes if it is
 * listed (even if it is also an inflection of another word), else those of the base it inflects, else 0.
 */
export function wordClassMask(text: string, start: number, end: number): number {
  lexicon ??= buildLexicon();
  const { table, masks } = lexicon;
  if (end <= start) return 0;
  const id = table.find(text, start, end, NO_SUFFIX);
  if (id >= 0) return masks[id]!;
  const base = inflectionBase(table, text, start, end);
  return base >= 0 ? masks[base]! : 0;
}

/** The classes of a lower-cased word (or one of its plain inflections), in class order. */
export function wordClassesOf(word: string): readonly number[] | undefined {
  const mask = wordClassMask(word, 0, word.length);
  if (mask === 0) return undefined;
  return LEXICON_CLASSES.flatMap((_, classIndex) => ((mask & (1 << classIndex)) !== 0 ? [classIndex] : []));
}
