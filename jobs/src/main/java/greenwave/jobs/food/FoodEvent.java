package greenwave.jobs.food;

import greenwave.schemas.CameraEvent;
import greenwave.schemas.ContractCodec;
import greenwave.schemas.KitchenOperation;
import greenwave.schemas.SensorReading;

/**
 * One decoded kitchen event of any of the three input topics, with its kitchen's kind (from the kitchens reference
 * data; null when the kitchen is unknown). Exactly one of {@code camera}, {@code reading}, {@code operation} is set.
 *
 * @param topic       the topic it came from
 * @param kitchenKind kind of its kitchen, or null
 */
public record FoodEvent(
        String topic, String kitchenKind, CameraEvent camera, SensorReading reading, KitchenOperation operation) {

    public static FoodEvent of(String topic, String kind, CameraEvent e) {
        return new FoodEvent(topic, kind, e, null, null);
    }

    public static FoodEvent of(String topic, String kind, SensorReading e) {
        return new FoodEvent(topic, kind, null, e, null);
    }

    public static FoodEvent of(String topic, String kind, KitchenOperation e) {
        return new FoodEvent(topic, kind, null, null, e);
    }

    public long ts() {
        return camera != null ? camera.ts() : reading != null ? reading.ts() : operation.ts();
    }

    public String kitchenId() {
        return camera != null ? camera.kitchenId() : reading != null ? reading.kitchenId() : operation.kitchenId();
    }

    /** A sensor: kitchen and device. */
    public String sensorKey() {
        return kitchenId() + "/" + reading.deviceId();
    }

    public boolean isSchool() {
        return greenwave.schemas.Kitchen.SCHOOL_CANTEEN.equals(kitchenKind);
    }

    public boolean isOperation(String type) {
        return operation != null && type.equals(operation.type());
    }

    /** The event as contract JSON. */
    public String json() {
        return ContractCodec.shared().toJson(camera != null ? camera : reading != null ? reading : operation);
    }

    /**
     * Order of events with the same time (CEP's comparator and the episode function): receipts before uses,
     * disinfection runs before meals before samples, so an event at the same instant counts as "within".
     */
    public int order() {
        if (operation == null) {
            return 0;
        }
        return switch (operation.type()) {
            case KitchenOperation.DISINFECTION_DONE -> 0;
            case KitchenOperation.INGREDIENT_RECEIVED -> 1;
            case KitchenOperation.MEAL_SERVED -> 2;
            case KitchenOperation.INGREDIENT_USED -> 3;
            default -> 4;
        };
    }
}
