/** The demo tenant's knowledge base: short, real answers to the commonest banking77 intents. */
export const demoArticles: { title: string; body: string }[] = [
  {
    title: 'When will my new card arrive?',
    body: 'Cards are posted within **2 working days** of ordering and usually arrive in 3–5 working days in the UK and up to 10 working days elsewhere.\n\nIf your card has not arrived after 10 working days, freeze it in the app under **Card › Freeze** and order a replacement; the replacement is free.',
  },
  {
    title: 'Linking a card to your account',
    body: 'Open **Cards › Link a card**, enter the 16-digit number and the expiry date. We send a one-time code by SMS to confirm.\n\nA card can be linked to one account only. If linking fails three times, wait 24 hours or contact us.',
  },
  {
    title: 'Exchange rates we use',
    body: 'We convert at the interbank rate at the time the merchant settles, plus a **0.5 % fee** on weekends when markets are closed.\n\nCard payments in a foreign currency may show a pending rate that changes when the payment settles.',
  },
  {
    title: 'Why was I charged an extra fee?',
    body: 'Common reasons for an unexpected fee:\n\n- ATM withdrawals above your free monthly allowance (2 % fee).\n- Weekend currency exchange (0.5 %).\n- Express card delivery.\n\nSee **Account › Statements** for the breakdown; if a fee looks wrong, reply to this ticket with the transaction date.',
  },
  {
    title: 'Pending cash withdrawals',
    body: 'An ATM withdrawal shows as **pending** until the ATM operator confirms it, usually within 1–3 working days. If the ATM did not dispense cash, the amount is returned automatically within 7 working days.',
  },
  {
    title: 'Supported currencies',
    body: 'You can hold and exchange 28 fiat currencies including EUR, USD, GBP, CHF, JPY and PLN. Cryptocurrencies are not supported.',
  },
  {
    title: 'Automatic top-up',
    body: 'Set a threshold and an amount under **Top up › Auto top-up**. When your balance falls below the threshold we top up from your linked card. Turn it off at any time from the same screen.',
  },
  {
    title: 'My card is not working',
    body: 'Check that the card is not frozen and that the payment type (contactless, online, ATM) is enabled under **Card › Security**. If the card is damaged, order a replacement; your card number stays the same.',
  },
  {
    title: 'Lost or stolen card',
    body: 'Freeze the card immediately in the app (**Card › Freeze**), then choose **Report lost or stolen**. This cancels the card and orders a free replacement. Transactions you did not make after the loss are refunded.',
  },
  {
    title: 'Refunds from merchants',
    body: 'Merchant refunds usually appear within **5 working days**, sometimes up to 15. The refund goes back to the card used for the purchase. If it has not arrived after 15 working days, send us the merchant receipt.',
  },
  {
    title: 'Transfers: how long they take',
    body: 'Transfers within the UK arrive within 2 hours; SEPA transfers within 1 working day; SWIFT transfers within 1–5 working days. Transfers made after 16:00 or on weekends start the next working day.',
  },
  {
    title: 'A transfer failed or was declined',
    body: 'Transfers fail when the recipient details are wrong, the amount exceeds your limit, or the recipient bank rejects the payment. Failed transfers return to your balance within 2 working days.',
  },
  {
    title: 'Verifying your identity',
    body: 'We need a photo of a passport, driving licence or national ID and a selfie. Verification usually completes in minutes; in busy periods it can take up to 24 hours.',
  },
  {
    title: 'Top-up by bank transfer',
    body: 'Use the account number and sort code (or IBAN) shown under **Top up › Bank transfer**. Always include your reference so we can match the payment.',
  },
  {
    title: 'Declined card payments',
    body: 'Payments are declined when the balance is too low, the merchant category is blocked, the card is frozen, or our fraud checks flag the payment. Try again after checking these; flagged payments can be approved in the app.',
  },
  {
    title: 'Changing your PIN',
    body: 'You can view your PIN in the app under **Card › Show PIN**. To change it, use any ATM that offers PIN services with your current PIN.',
  },
  {
    title: 'Disputing a card payment',
    body: 'If you did not make a payment or the goods never arrived, open the transaction and choose **Dispute**. We reply within 10 working days; you may get a temporary credit while we investigate.',
  },
  {
    title: 'Closing your account',
    body: 'Withdraw or transfer your balance, then go to **Profile › Close account**. Closing is permanent; statements remain available for 6 years on request.',
  },
  {
    title: 'Virtual cards',
    body: 'Create up to 5 virtual cards under **Cards › New virtual card**. Disposable virtual cards change their number after every payment, which helps with online shopping safety.',
  },
  {
    title: 'Getting a spare physical card',
    body: 'Order a spare card from **Cards › Order a card**. A spare card costs £5 and shares your account balance.',
  },
];
