import { receiveInboundRoute } from '../_lib/inbound-handler';

export const POST = receiveInboundRoute;
