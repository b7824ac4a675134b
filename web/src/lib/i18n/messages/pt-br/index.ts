import type { Message } from '../../translate';
import type { MessageKey } from '../en';
import { common } from './common';
import { header } from './header';
import { fleet } from './fleet';
import { planning } from './planning';
import { kpi } from './kpi';
import { replay } from './replay';
import { timeline } from './timeline';
import { office } from './office';
import { reports } from './reports';
import { settings } from './settings';
import { consolePage } from './console';
import { problems } from './problems';
import { map } from './map';
import { pairing } from './pairing';
import { tracker } from './tracker';
import { driver } from './driver';
import { proof } from './proof';
import { attempts } from './attempts';
import { windowSlots } from './window-slots';
import { integrations } from './integrations';
import { users } from './users';
import { notifications } from './notifications';
import { audit } from './audit';

/** The console's messages in Brazilian Portuguese; every English key must be here. */
export const ptBR: Record<MessageKey, Message> = {
  ...common,
  ...header,
  ...fleet,
  ...planning,
  ...kpi,
  ...replay,
  ...timeline,
  ...office,
  ...reports,
  ...settings,
  ...consolePage,
  ...problems,
  ...map,
  ...pairing,
  ...tracker,
  ...driver,
  ...proof,
  ...attempts,
  ...windowSlots,
  ...integrations,
  ...users,
  ...notifications,
  ...audit,
};
