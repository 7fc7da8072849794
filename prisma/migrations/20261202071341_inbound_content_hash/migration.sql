-- Inbound mail without a Message-ID is de-duplicated by a hash of its content (sender, subject, body, date).
ALTER TABLE "Message" ADD COLUMN "inboundContentHash" TEXT;

CREATE UNIQUE INDEX "Message_tenantId_inboundContentHash_key" ON "Message"("tenantId", "inboundContentHash");
