import type { Principal } from '@aftercare/auth';
import type { Logger } from '@aftercare/logger';

/** What middleware puts on a request for the handlers after it. */
export interface HttpEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
  };
}
