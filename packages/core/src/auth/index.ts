export { hashPassword, verifyPassword } from './password';
export { emailField, passwordField, nameField, parseInput, fieldErrors } from './input';
export { signUp, signUpSchema, type SignUpInput } from './sign-up';
export { authenticate, listMemberships, findMembership, type AuthenticatedUser, type MembershipSummary } from './authenticate';
export { createInvitation, getInvitation, acceptInvitation, hashToken, invitationSchema, acceptInvitationSchema } from './invitations';
export { listMembers, changeRole, removeMember, revokeInvitation } from './members';
