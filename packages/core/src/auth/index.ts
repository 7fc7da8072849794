export { hashPassword, verifyPassword, weakPasswordReason, MIN_PASSWORD_SCORE } from './password';
export { emailField, passwordField, newPasswordField, nameField } from './input';
export { parseInput, fieldErrors } from '@helpdesk/db';
export { signUp, signUpSchema, type SignUpInput } from './sign-up';
export { authenticate, listMemberships, findMembership, type AuthenticatedUser, type MembershipSummary } from './authenticate';
export { createInvitation, getInvitation, acceptInvitation, hashToken, invitationSchema, acceptInvitationSchema } from './invitations';
export { listMembers, changeRole, removeMember, revokeInvitation } from './members';
export { startSession, sessionIsActive, endSession, endUserSessions, listSessions, SESSION_DAYS } from './sessions';
export { signInWithPassword, type SignInAttempt, type SignInResult } from './sign-in';
export {
  beginTotpEnrolment,
  confirmTotpEnrolment,
  verifySecondFactor,
  regenerateRecoveryCodes,
  disableTwoFactor,
  setTwoFactorRequirement,
  twoFactorRequirement,
  twoFactorStatus,
  sealSecret,
  openSecret,
  TOTP_WINDOW,
  RECOVERY_CODE_COUNT,
  type TwoFactorKeys,
  type SecondFactor,
} from './two-factor';
export {
  requestPasswordReset,
  requestResetSchema,
  checkResetToken,
  resetPassword,
  resetPasswordSchema,
  requestSignUp,
  confirmSignUp,
  confirmSignUpSchema,
  sendAccountMail,
  RESET_TOKEN_MINUTES,
  SIGN_UP_TOKEN_HOURS,
  type AccountMailOptions,
  type AccountTokenDeps,
} from './account-tokens';
