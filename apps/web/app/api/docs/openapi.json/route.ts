import { NextResponse } from 'next/server';
import { buildOpenApiDocument } from '@helpdesk/core/openapi';

export function GET(): Response {
  return NextResponse.json(buildOpenApiDocument(), { headers: { 'cache-control': 'public, max-age=300' } });
}
