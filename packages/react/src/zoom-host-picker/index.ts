export {
  ZoomHostPicker,
  type ZoomHostPickerPart,
  type ZoomHostPickerProps,
  type ZoomHostPickerState,
} from './zoom-host-picker';
