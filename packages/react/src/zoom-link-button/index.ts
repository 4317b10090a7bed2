export {
  ZoomLinkButton,
  type ZoomLinkButtonPart,
  type ZoomLinkButtonProps,
} from './zoom-link-button';
