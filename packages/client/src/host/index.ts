export {
  MAX_HOST_TOKEN_SECONDS,
  type SignHostTokenOptions,
  signHostToken,
} from './sign-host-token';
