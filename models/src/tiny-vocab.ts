/**
 * Words of a small SentencePiece-style vocabulary for the demo model: every "▁word" prefix is a
 * piece so that SPM's greedy pair merging reaches whole words; anything else falls back to bytes.
 */
const WORDS = `the a an and or but if of to in on at by for with from as is are was were be been it this that these
those i you he she we they me my your our their his her its not no yes do does did done have has had can could will
would should may might must shall please thanks thank hello hi dear regards best team support help helpdesk customer
agent ticket issue problem error bug crash broken fail failed failure fix fixed working work works account login
password reset sign signin email mail address phone number name user users order orders shipping ship shipped delivery
deliver delivered package tracking refund return returns exchange cancel cancelled subscription plan upgrade downgrade
billing bill invoice payment pay paid charge charged card credit price cost discount coupon receipt tax money
product item items size color stock available app website page site browser mobile android iphone update install
download upload file files data export import report settings profile notification notifications security privacy
spam urgent asap today tomorrow yesterday week month year time day hours minutes soon late again still already
when where what why how who which there here about after before because while until than then just only also very
more most less some any all every each other new old same different first last next good great bad wrong right
happy unhappy angry frustrated disappointed love hate want need know think see get got make made use used try tried
send sent receive received open opened close closed click button screen message messages reply answer question
know article knowledge category priority sentiment language summary draft low normal high positive neutral negative
english french german spanish confidence citation citations json true false null`;

export function tinyVocabularyWords(): string[] {
  return [...new Set(WORDS.split(/\s+/).filter(Boolean))];
}
